from django.urls import path

from cinematheque.pages import views

app_name = "pages"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
