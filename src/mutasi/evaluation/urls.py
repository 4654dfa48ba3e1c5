from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("ikm/", views.ikm_table, name="ikm"),
    path("ikm.xlsx", views.ikm_xlsx, name="ikm_xlsx"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
    path("unit/<str:code>/populasi/", views.population, name="population"),
    path("unit/<str:code>/poster/", views.poster, name="poster"),
    path("jawaban/<int:pk>/kecualikan/", views.exclude, name="exclude"),
    path("jawaban/<int:pk>/hitung/", views.include, name="include"),
    path("impor/", views.import_skm, name="import"),
    path("siklus/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("laporan/", views.report_request, name="report_request"),
    path("laporan/<int:pk>/", views.report_download, name="report_download"),
    path("survei/<int:move_id>/<int:wave>/", views.employee_survey, name="employee_survey"),
    path("skm/<str:code>/", views.public_form, name="public_form"),
    path("skm/<str:code>/terima-kasih/", views.public_thanks, name="public_thanks"),
]
