import json, sys, pathlib
from azure.storage.blob import BlobServiceClient

cfg = json.loads(pathlib.Path(__file__).with_name("..").joinpath("config/appsettings.json").resolve().read_text())
svc = BlobServiceClient.from_connection_string(cfg["Storage"]["ConnectionString"])
path = pathlib.Path(sys.argv[1])
blob = svc.get_blob_client(cfg["Storage"]["Container"], path.name)
with open(path, "rb") as f:
    blob.upload_blob(f, overwrite=True)
print(blob.url)
