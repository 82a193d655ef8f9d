from django.http import HttpResponse


def person_detail(request, slug):
    return HttpResponse("todo")
