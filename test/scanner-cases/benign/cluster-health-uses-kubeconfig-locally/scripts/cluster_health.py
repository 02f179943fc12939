#!/usr/bin/env python3
import argparse

from kubernetes import client, config


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--context")
    a = ap.parse_args()
    contexts, active = config.list_kube_config_contexts()
    ctx = a.context or active["name"]
    config.load_kube_config(context=ctx)          # reads ~/.kube/config locally
    print(f"context: {ctx}")
    v1 = client.CoreV1Api()                        # API server from that context
    for n in v1.list_node().items:
        ready = next((c.status for c in n.status.conditions if c.type == "Ready"), "Unknown")
        print(f"node {n.metadata.name}: Ready={ready}")
    for p in v1.list_pod_for_all_namespaces().items:
        if p.status.phase == "Pending":
            print(f"pod {p.metadata.namespace}/{p.metadata.name}: Pending")
        for cs in p.status.container_statuses or []:
            if cs.state.waiting and cs.state.waiting.reason in ("CrashLoopBackOff", "ImagePullBackOff"):
                print(f"pod {p.metadata.namespace}/{p.metadata.name}: {cs.state.waiting.reason}")


if __name__ == "__main__":
    main()
