from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("after-login/", views.after_login, name="after-login"),
    path("me/", views.account, name="account"),
    path("me/tokens/", views.token_create, name="token-create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path(
        "me/notifications/",
        views.notification_preferences,
        name="notification-preferences",
    ),
]
