"""Hotline views."""

from django.shortcuts import render


def submit(request):
    return render(request, "hotline/submit.html")
