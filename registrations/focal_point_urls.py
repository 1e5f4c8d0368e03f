"""URLs of the focal point's delegation boards (merged into registrations.urls)."""

urlpatterns: list = []
