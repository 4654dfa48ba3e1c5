from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("buat/", views.create, name="create"),
    path("rencana/<int:tp_id>/", views.detail, name="detail"),
    path("rencana/<int:tp_id>/jalankan-ulang/", views.rerun, name="rerun"),
    path("rencana/<int:tp_id>/kunci/", views.pin, name="pin"),
    path("rencana/<int:tp_id>/kunci/<int:pin_id>/hapus/", views.unpin, name="unpin"),
    path("rencana/<int:tp_id>/unduh.xlsx", views.download_xlsx, name="xlsx"),
    path("rencana/<int:tp_id>/jadwal.ics", views.download_ics, name="ics"),
    path("sesi/<int:session_id>/", views.session_detail, name="session"),
    path("sesi/<int:session_id>/peserta.xlsx", views.participants_xlsx, name="participants"),
    path("peserta/<int:enrolment_id>/kehadiran/", views.attendance, name="attendance"),
    path("penyelesaian/", views.completions, name="completions"),
    path("katalog/", views.catalog, name="catalog"),
    path("kompetensi/", views.competencies, name="competencies"),
    path("unggah/", views.upload, name="upload"),
    path("jp/", views.jp, name="jp"),
    path("unit/", views.unit, name="unit"),
    path("saya/", views.mine, name="mine"),
]
