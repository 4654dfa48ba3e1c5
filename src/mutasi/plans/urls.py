from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("siklus/baru/", views.cycle_create, name="cycle_create"),
    path("siklus/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("siklus/<int:cycle_id>/ubah/", views.cycle_edit, name="cycle_edit"),
    path("siklus/<int:cycle_id>/jalankan/", views.run, name="run"),
    path("siklus/<int:cycle_id>/kunci/", views.pin_add, name="pin_add"),
    path("kunci/<int:pin_id>/hapus/", views.pin_remove, name="pin_remove"),
    path("banding/", views.compare, name="compare"),
    path("templat-sk/", views.decree_template, name="decree_template"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/status/", views.plan_status, name="plan_status"),
    path("<int:plan_id>/jalankan-ulang/", views.rerun, name="rerun"),
    path("<int:plan_id>/mutasi/", views.moves, name="moves"),
    path("<int:plan_id>/mutasi/ubah/", views.move_edit, name="move_edit"),
    path("<int:plan_id>/mutasi/batal/", views.move_cancel, name="move_cancel"),
    path("<int:plan_id>/mutasi/<int:move_id>/kunci/", views.move_pin, name="move_pin"),
    path("<int:plan_id>/ajukan/", views.submit, name="submit"),
    path("<int:plan_id>/setujui/", views.approve, name="approve"),
    path("<int:plan_id>/kembalikan/", views.return_plan, name="return"),
    path("<int:plan_id>/umumkan/", views.publish, name="publish"),
    path("<int:plan_id>/audit/", views.audit, name="audit"),
    path("<int:plan_id>/sk/", views.decree_page, name="decree"),
    path("<int:plan_id>/sk/unduh.<str:fmt>", views.decree_download, name="decree_download"),
    path("<int:plan_id>/sk/status/", views.decree_status, name="decree_status"),
    path(
        "<int:plan_id>/sk/dokumen/<int:document_id>/", views.decree_document, name="decree_document"
    ),
    path("<int:plan_id>/petikan/<int:move_id>/", views.petikan, name="petikan"),
    path("<int:plan_id>/unit/", views.unit_moves, name="unit_moves"),
]
