from laksa.api.main import api

urlpatterns, app_name = api.urls[0], "api"
