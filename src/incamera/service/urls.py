from django.urls import path

from incamera.service import views as service_views

app_name = "service"

urlpatterns = [
    path("meetings/<int:meeting_id>/service/", service_views.service_page, name="page"),
    path("meetings/<int:meeting_id>/service/people/", service_views.service_people, name="people"),
    path("meetings/<int:meeting_id>/service/issue", service_views.service_issue, name="issue"),
    path("meetings/<int:meeting_id>/service/people/<int:membership_id>/needs", service_views.service_needs, name="needs"),
    path("meetings/<int:meeting_id>/service/seat-cards.pdf", service_views.seat_cards, name="seat_cards"),
    path("meetings/<int:meeting_id>/service/catering.pdf", service_views.catering_list, name="catering"),
]
