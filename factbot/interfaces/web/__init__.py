"""The web interface: one FastAPI app (`app.create_app`) serving the REST API (`api`) and the Gradio UI (`ui`)."""
