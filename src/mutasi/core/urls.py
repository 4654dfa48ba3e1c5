from django.contrib.auth import views as auth_views
from django.urls import path

from . import office_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pengaturan/instansi/", office_views.instance_settings, name="instance_settings"),
    path("pengaturan/pengguna/", office_views.users, name="users"),
    path("pengaturan/pengguna/<int:user_id>/", office_views.user_edit, name="user_edit"),
]
