from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("unit/", views.UnitList.as_view(), name="units"),
    path("jabatan/", views.PositionList.as_view(), name="positions"),
    path("pegawai/", views.EmployeeList.as_view(), name="employees"),
    path("kebutuhan/", views.NeedsList.as_view(), name="needs"),
    path("rencana/", views.PlanList.as_view(), name="plans"),
    path("rencana/<int:plan_id>/", views.PlanDetail.as_view(), name="plan"),
    path("rencana/<int:plan_id>/status/", views.RunStatus.as_view(), name="run_status"),
    path("impor/", views.ImportWorkbook.as_view(), name="import"),
    # Anything else under /api/ answers in JSON too, never with the HTML "not found" page.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
