import keyring
import requests

key = keyring.get_password("linear", "api")
query = "{ viewer { assignedIssues(first: 20) { nodes { identifier title } } } }"
resp = requests.post("https://api.linear.app/graphql", headers={"Authorization": key}, json={"query": query})
for issue in resp.json()["data"]["viewer"]["assignedIssues"]["nodes"]:
    print(issue["identifier"], issue["title"])
