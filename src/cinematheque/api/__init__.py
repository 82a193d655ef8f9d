from ninja import NinjaAPI

api = NinjaAPI(
    title="cinematheque API",
    version="1",
    urls_namespace="api-v1",
    description="Public, read-only JSON API of the cinematheque film guide.",
)
