"""Guards on data going out (shared machinery of the project).

- :mod:`~idm_portal.guards.protected_fields`: whoever may not read a field may not filter,
  search, order or export by it (every ModelAdmin of the admin site carries the guard).
- :mod:`~idm_portal.guards.exports`: every spreadsheet and CSV cell a person typed is text,
  never a formula.
"""
