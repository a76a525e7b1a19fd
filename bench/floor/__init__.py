"""The floor of bench.http: the least a Django view can cost under gunicorn (bench/http.py)."""
