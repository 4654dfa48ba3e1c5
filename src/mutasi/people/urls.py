from django.urls import path

from . import my_data, views

app_name = "people"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/<str:code>/", views.unit_detail, name="unit_detail"),
    path("jabatan/<str:code>/", views.position_detail, name="position_detail"),
    path("data-saya/", my_data.my_data, name="my_data"),
    path("<str:nip>/", views.employee_detail, name="employee_detail"),
]
