"""Log in and out; the home page (the dashboard) is routed in ``mutasi.urls``."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
