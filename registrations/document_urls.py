"""URLs of the registration documents: confirmation letter and list of participants (merged
into registrations.urls)."""

urlpatterns: list = []
