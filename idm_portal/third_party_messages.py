"""Messages of third-party apps that those apps translate into French or Spanish poorly or
not at all, listed here so that `makemessages` puts them in our catalogue (it extracts from
our sources only) and our translations are used: LOCALE_PATHS is read before any app's
catalogue. Nothing imports this module; the msgids must stay exactly the package's.

django-simple-history 3.13 (the admin's history and revert pages) ships no Spanish catalogue,
and its French one lacks the newer messages ("Changes", the pages' instructions). Its
messages, by file:
- templates/simple_history/object_history.html: the history page's instruction and the
  message of an object without history;
- templates/simple_history/object_history_form.html: the revert page's breadcrumbs and
  instruction (its breadcrumbs are also in our templates/admin/history/object_history_form.html);
- templates/simple_history/object_history_list.html: the history table's headings (our copy,
  templates/admin/history/object_history_list.html, holds them too);
- templates/simple_history/submit_line.html: the revert page's buttons;
- admin.py: the pages' titles and the message after editing a history entry;
- models.py: the kinds of change ("Comment" column) and a deleted object's name.
"Home", "History", "View on site" and "Close" are also Django's admin messages, translated
by Django. "Date/time", "None" and the "entry/entries" count are too, and our copy of the table
puts them in our catalogue, translated as Django does. The English "None" staff saw in the
"Change reason" column was no message but an empty reason (Python's None) printed as it was:
our copy of the table leaves it blank. "Changes" and "Revert …" were simple-history's own.
"""

from django.utils.translation import gettext_noop

SIMPLE_HISTORY_MESSAGES = (
    # templates/simple_history/object_history.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    # templates/simple_history/object_history_form.html
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    # templates/simple_history/object_history_list.html
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
    # templates/simple_history/submit_line.html
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    # admin.py
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    # models.py: HistoricalRecords' history_type choices, and a deleted object's name
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
)
