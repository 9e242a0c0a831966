def platform(request):
    residence = getattr(request, "tenant", None)
    return {"current_residence": residence}
