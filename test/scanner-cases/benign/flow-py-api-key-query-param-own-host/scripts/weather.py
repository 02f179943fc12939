import os
import sys

import requests

key = os.environ["WEATHERAPI_KEY"]
city = sys.argv[1]
data = requests.get("https://api.weatherapi.com/v1/current.json", params={"key": key, "q": city}).json()
print(data["current"]["condition"]["text"], data["current"]["temp_c"])
