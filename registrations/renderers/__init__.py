"""The generated files of registrations, registered with the portal's pipeline
(idm_portal.files.registry), one module per document:

    letters             the delegate's confirmation letter
    visa_letters        the delegate's visa invitation letter (passport details)
    participants_lists  the workshop's list of participants (PDF and XLSX, public and staff)
    common              what both share: who on the staff may fetch them, private file names,
                        the workshop's facts in the reader's language
"""

# idm_portal.files.registry autodiscovers this package: importing the document modules registers
# their kinds with the pipeline.
from registrations.renderers import letters, participants_lists, visa_letters  # noqa: F401
