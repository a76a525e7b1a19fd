from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from laksa.console.views import staff_home
from laksa.lib.signin import AdminSignInForm, SignInView
from laksa.open311.views import not_found as open311_not_found

# The admin speaks Laksa's name in the user's language, as the apps and models it lists do.
admin.site.site_header = _("Laksa — Administrasi")
admin.site.site_title = _("Administrasi Laksa")
admin.site.index_title = _("Data kota dan pengaturan")
# The admin keeps its /admin/ address; its sign-in has the same lockout as the staff's.
admin.site.login_form = AdminSignInForm

urlpatterns = [
    # The machines' doors first: most requests are theirs, and no other app's address starts so.
    path("open311/v2/", include("laksa.open311.urls")),
    path("open311/v2", open311_not_found, {"rest": ""}),  # JSON, never APPEND_SLASH's redirect
    path("api/v1/", include("laksa.api.urls")),
    path("", include("laksa.notify.urls")),  # before public: r/kirim-tautan/ is not a code
    path("", include("laksa.public.urls")),
    path("", include("laksa.intake.urls")),
    path("console/", include("laksa.console.urls")),
    path("sigap/", include("laksa.field.urls")),
    path("live/", include("laksa.live.urls")),
    path("kinerja/", include("laksa.kpi.urls")),
    path("staf/", staff_home, name="staff-home"),
    path("masuk/", SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
