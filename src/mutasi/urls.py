from django.contrib import admin
from django.urls import include, path

from mutasi.people.dashboard import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", dashboard, name="dashboard"),
    path("", include("mutasi.core.urls")),
    path("pegawai/", include("mutasi.people.urls")),
    path("kebutuhan/", include("mutasi.needs.urls")),
    path("partisipasi/", include("mutasi.participation.urls")),
    path("rencana/", include("mutasi.plans.urls")),
]
