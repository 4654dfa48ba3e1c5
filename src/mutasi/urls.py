from django.contrib import admin
from django.urls import include, path

from mutasi.people import office_views
from mutasi.people.dashboard import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", dashboard, name="dashboard"),
    path("", include("mutasi.core.urls")),
    # The office's own settings: its name and letterhead, its users and their roles.
    path("pengaturan/instansi/", office_views.instance_settings, name="instance_settings"),
    path("pengaturan/pengguna/", office_views.users, name="users"),
    path("pengaturan/pengguna/<int:user_id>/", office_views.user_edit, name="user_edit"),
    path("pegawai/", include("mutasi.people.urls")),
    path("kebutuhan/", include("mutasi.needs.urls")),
    path("partisipasi/", include("mutasi.participation.urls")),
    path("rencana/", include("mutasi.plans.urls")),
    path("api/", include("mutasi.api.urls")),
    path("pelatihan/", include("mutasi.training.urls")),
    path("evaluasi/", include("mutasi.evaluation.urls")),
]
