import os, subprocess, sys, time, json
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
    sys.exit("Set OTEL_EXPORTER_OTLP_ENDPOINT to your collector first.")

provider = TracerProvider()
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))  # reads the endpoint from the env var
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("test-timing")

args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
report = "/tmp/pytest-report.json"
subprocess.run([sys.executable, "-m", "pytest", "--json-report", f"--json-report-file={report}", *args])

tests = json.load(open(report))["tests"]
for t in tests:
    with tracer.start_as_current_span(t["nodeid"]) as span:
        span.set_attribute("test.outcome", t["outcome"])
        span.set_attribute("test.duration_s", t["call"]["duration"] if "call" in t else 0.0)
provider.shutdown()
for t in sorted(tests, key=lambda t: -t.get("call", {}).get("duration", 0))[:5]:
    print(f"{t.get('call', {}).get('duration', 0):7.2f}s  {t['nodeid']}")
