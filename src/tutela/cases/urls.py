from django.urls import path

from tutela.cases import views

app_name = "cases"
URL_PREFIX = "cases/"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("report/", views.report_start, name="report_start"),
    path("report/<int:organization_id>/", views.report_form, name="report_form"),
    path("report/receipt.txt", views.receipt_download, name="receipt_download"),
    path("follow-up/", views.follow_up_sign_in, name="follow_up_sign_in"),
    path("follow-up/report/", views.follow_up, name="follow_up"),
    path("follow-up/sign-out/", views.follow_up_sign_out, name="follow_up_sign_out"),
    path("statistics/", views.statistics, name="statistics"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path(
        "disclosures/<int:case_disclosure_id>/",
        views.disclosure_decide,
        name="disclosure_decide",
    ),
    path(
        "disclosures/<int:case_disclosure_id>/identity/",
        views.identity_view,
        name="identity_view",
    ),
    path(
        "attachments/<int:case_attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/notes/", views.case_note_add, name="case_note_add"),
    path("<int:case_id>/messages/", views.case_message_send, name="case_message_send"),
    path("<int:case_id>/status/", views.case_status_change, name="case_status_change"),
    path("<int:case_id>/classify/", views.case_classify, name="case_classify"),
    path("<int:case_id>/onward/", views.case_onward_reported, name="case_onward_reported"),
    path("<int:case_id>/recuse/", views.case_recuse, name="case_recuse"),
    path("<int:case_id>/assignment/", views.case_assign, name="case_assign"),
    path("<int:case_id>/disclosure/", views.disclosure_request, name="disclosure_request"),
    path("<int:case_id>/support/", views.support_plan, name="support_plan"),
    path("<int:case_id>/support/referrals/", views.referral_add, name="referral_add"),
    path("<int:case_id>/support/consents/", views.support_consent_add, name="support_consent_add"),
]
