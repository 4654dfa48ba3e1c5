from django.urls import path

from . import import_views, my_data, views

app_name = "people"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/<str:code>/", views.unit_detail, name="unit_detail"),
    path("jabatan/<str:code>/", views.position_detail, name="position_detail"),
    path("data-saya/", my_data.my_data, name="my_data"),
    path("impor/", import_views.import_list, name="import_list"),
    path("impor/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("impor/<int:pk>/terapkan/", import_views.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/masalah.xlsx", import_views.import_issues_xlsx, name="import_issues"),
    path("<str:nip>/", views.employee_detail, name="employee_detail"),
    path("<str:nip>/hapus-data/", views.forget_employee, name="forget_employee"),
]
