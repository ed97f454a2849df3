"""thingsgen: generate a typed Python client package from the KPN Things OpenAPI specs."""

__version__ = "0.1.0"
