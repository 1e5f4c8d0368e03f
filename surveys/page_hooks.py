"""What surveys adds to the pages of the apps below, through the hooks they offer: the link to
a workshop's open evaluation on the workshop page (workshops.hooks), and the state's open
surveys on the focal point's index (registrations.hooks). The first costs signed-in readers
one query, the second none. Registered by SurveysConfig.ready()."""

from registrations import hooks as registrations_hooks
from surveys.models.surveys import Survey
from surveys.selectors import audiences
from workshops import hooks as workshop_hooks


def evaluation_block(request, workshop) -> workshop_hooks.Block | None:
    # Answered signed in: visitors get no block and the public page no query (its ceiling);
    # a signed-in reader costs one query, however many surveys.
    if not request.user.is_authenticated:
        return None
    evaluation = (
        audiences.open_surveys()
        .filter(workshop=workshop, audience=Survey.Audience.WORKSHOP_PARTICIPANTS)
        .order_by("closes_on", "pk")
        .first()
    )
    if evaluation is None:
        return None
    return workshop_hooks.Block("surveys/includes/workshop_evaluation.html", {"survey": evaluation})


def focal_point_surveys(request, state) -> registrations_hooks.Block:
    # No query: the link leads to the state's open surveys (My surveys), which reads them.
    return registrations_hooks.Block("surveys/includes/focal_point_surveys.html")


def register() -> None:
    workshop_hooks.register_page_block(
        "evaluation", render=evaluation_block, place=workshop_hooks.ASIDE, order=20
    )
    registrations_hooks.register_focal_point_block("surveys", render=focal_point_surveys, order=10)
