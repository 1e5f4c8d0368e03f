"""Reads of donors: who a user is a contact of, how a donor is named to others, and the donors
who agreed to be named.

A donor is shown to visitors and to other donors only as it agreed: its public name (in the
reader's language, falling back to English) when ``is_publicly_named``, else "an anonymous
donor". Its private notes, conditions and agreement references are never read here.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from funding import page_cache
from funding.models.donors import Donor
from funding.models.pledges import Pledge
from funding.selectors import stamp

_KEPT = "_funding_donor"  # on the request's user object: asked once per request
_NONE = "no-donor"  # kept for a user who is no donor's contact (None is a cache miss)


def donor_of(user) -> Donor | None:
    """The donor `user` is a contact of (the first by name if several), or None.

    Every signed-in page asks it (the layout's menu), so the answer is kept: on the request's
    user object for the rest of the request, and in the process's ``pages`` cache under
    the part of funding's stamp that changes when a contact is added or removed and when a
    donor is saved or deleted (:func:`funding.selectors.stamp.contacts_stamp`; money does not
    change it): a removed contact loses the dashboard as
    soon as the stamp is read again (at most :data:`~funding.selectors.stamp.STAMP_SECONDS`).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _KEPT):
        setattr(user, _KEPT, _kept_donor_of(user.pk))
    return getattr(user, _KEPT)


def _kept_donor_of(user_pk: int) -> Donor | None:
    store = page_cache.store()
    key = page_cache.key("donor-of", user_pk, stamp.contacts_stamp())
    found = store.get(key)
    if found is None:
        donor = Donor.objects.filter(contacts__pk=user_pk).order_by("name", "pk").first()
        found = donor if donor is not None else _NONE
        store.set(key, found, stamp.PAGE_CACHE_SECONDS)
    return None if found == _NONE else found


def is_donor_contact(user) -> bool:
    """Whether `user` logs in for a donor (:func:`donor_of`)."""
    return donor_of(user) is not None


def shown_name(donor: Donor, *, viewer: Donor | None = None) -> str:
    """How `donor` is named to a visitor or to another donor (`viewer`): its public name if it
    agreed to be named, else "an anonymous donor". A donor always sees its own name."""
    if donor.is_publicly_named or (viewer is not None and viewer.pk == donor.pk):
        return donor.display_name
    return gettext("an anonymous donor")


def named_donors(programme) -> list[Donor]:
    """The donors who agreed to be named and have a pledge to `programme` that is not
    cancelled, by their public name in the active language; only the fields a public page may
    show are read (one query)."""
    live = Pledge.objects.filter(programme=programme).exclude(status=Pledge.Status.CANCELLED)
    donors = Donor.objects.filter(is_publicly_named=True, pk__in=live.values("donor_id")).only(
        "pk", "name", *_PUBLIC_NAME_FIELDS, "kind", "is_publicly_named"
    )
    return sorted(donors, key=lambda donor: donor.display_name.casefold())


_PUBLIC_NAME_FIELDS = ["public_name"] + [
    f"public_name_{code}" for code, _name in settings.LANGUAGES
]
