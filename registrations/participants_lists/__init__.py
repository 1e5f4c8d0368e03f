"""A workshop's list of participants: whether staff have published it, its generated files
(public and staff versions, PDF and XLSX, rendered by registrations.renderers), the public
download, and what it adds to the workshop's page and admin (registrations.workshop_hooks).

The kinds below name its generated files in the pipeline (idm_portal.files.registry).
"""

PARTICIPANTS_PDF = "participants_pdf"
PARTICIPANTS_XLSX = "participants_xlsx"
PARTICIPANTS_STAFF_PDF = "participants_staff_pdf"
PARTICIPANTS_STAFF_XLSX = "participants_staff_xlsx"
PARTICIPANTS_KINDS = (
    PARTICIPANTS_PDF,
    PARTICIPANTS_XLSX,
    PARTICIPANTS_STAFF_PDF,
    PARTICIPANTS_STAFF_XLSX,
)
# What the public may download, by the format in the URL.
PUBLIC_PARTICIPANTS_KINDS = {"pdf": PARTICIPANTS_PDF, "xlsx": PARTICIPANTS_XLSX}
