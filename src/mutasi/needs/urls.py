from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.index, name="index"),
    path("jabatan/", views.positions, name="positions"),
    path("jabatan/<str:code>/", views.position_detail, name="position"),
    path("jabatan/<str:code>/tetapkan/", views.override, name="override"),
    path("jabatan/<str:code>/hapus-penetapan/", views.clear_override, name="clear_override"),
    path("jabatan/<str:code>/beban-kerja/", views.add_task, name="add_task"),
    path(
        "jabatan/<str:code>/beban-kerja/<int:task_id>/hapus/",
        views.remove_task,
        name="remove_task",
    ),
    path("unit/", views.units, name="units"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
    path("sektor/", views.sectors, name="sectors"),
    path("peta/", views.heatmap, name="heatmap"),
    path("pengaturan/", views.settings_view, name="settings"),
]
