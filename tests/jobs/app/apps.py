from django.apps import AppConfig


class JobsTestsConfig(AppConfig):
    name = "tests.jobs.app"
    label = "jobs_tests"
