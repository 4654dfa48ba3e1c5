from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("profil/", views.home, name="home"),
    path("aktivasi/", views.activate, name="activate"),
    path("preferensi/", views.preferences, name="preferences"),
    path("preferensi/urutan/", views.ranking, name="ranking"),
    path("preferensi/aspirasi/", views.aspiration, name="aspiration"),
    path("preferensi/kirim/", views.submit, name="submit"),
    path("preferensi/tanda-terima/", views.receipt, name="receipt"),
    path("konsultasi/", views.consultations, name="consultations"),
    path("konsultasi/<int:pk>/", views.consultation, name="consultation"),
    path("hasil/", views.outcome, name="outcome"),
    path("hr/akun/", views.hr_accounts, name="hr_accounts"),
    path("hr/akun/unit/<int:unit_id>/kode/", views.hr_issue_codes, name="hr_issue_codes"),
    path("hr/akun/atur-ulang/", views.hr_reset_account, name="hr_reset_account"),
    path("hr/statistik/", views.hr_statistics, name="hr_statistics"),
    path("hr/konsultasi/", views.hr_consultations, name="hr_consultations"),
    path("hr/aspirasi/", views.hr_aspirations, name="hr_aspirations"),
    path("hr/pegawai/<int:employee_id>/", views.hr_employee, name="hr_employee"),
]
