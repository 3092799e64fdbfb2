#!/usr/bin/env python3
"""Turns rendered Kubernetes manifests into what `podman kube play` (podman 4.3) can start, the way a
cluster would run them, and says what it cannot play.

    kube-for-podman.py OUT_DIR RENDERED.yaml [RENDERED.yaml ...] [--image FROM=TO ...]

Writes into OUT_DIR:
  workloads.yaml    ConfigMaps, PersistentVolumeClaims and one Pod per Deployment / StatefulSet,
                    named after the Service that selects it (podman's DNS resolves pod names, not
                    Services), with the manifests' own containers, env, security contexts and volumes
  job-<name>.yaml   one Pod per Job and per CronJob's job template (restartPolicy Never)
  secret-<name>.json  each Secret in the form `podman secret create` needs for secretKeyRef
  probes.tsv        pod, container, readiness probe (http PORT PATH | exec COMMAND...) for the test
  report.txt        every object: how it is played, or why it is not and what checks it instead

What podman 4.3 does not do, and how this handles it:
  - Secrets in the YAML: kube play stores them in a form its own secretKeyRef cannot read, so they
    become podman secrets (secret-*.json) created before the play.
  - emptyDir: played as a named volume called like the volume, shared by every pod using that name;
    renamed <pod>-<volume> so each pod gets its own, as in Kubernetes.
  - StatefulSet: not a kind kube play knows; its pod template runs as a Pod with one claim per
    volumeClaimTemplate (<template>-<statefulset>-0, as Kubernetes names it).
  - readiness probes are not run by podman: probes.tsv lets the test run them (kubelet-style).
  - containerPort: podman 4.3 publishes every one on the host (Kubernetes never does, and 4.4 added
    no way to turn it off before 4.7's --publish-all), so the played pods declare no ports (probes
    name them by number instead) and the test needs none of the host's ports free.
"""
import json
import sys

import yaml

NOT_PLAYED = {
    "Namespace": "one podman network stands for the namespace",
    "Service": "podman resolves pod names; each pod is named after its Service instead",
    "Ingress": "no ingress controller; the routes are checked by deploy-tests (NetworkExposureTest)",
    "NetworkPolicy": "podman networks have no policies; checked by deploy-tests (NetworkExposureTest)",
    "HorizontalPodAutoscaler": "no metrics server; checked by deploy-tests (OverlayTest)",
    "PodDisruptionBudget": "no evictions without a cluster; checked by deploy-tests (AvailabilityTest)",
}


def main(argv):
    out, inputs, images = argv[0], [], {}
    args = iter(argv[1:])
    for arg in args:
        if arg == "--image":
            source, target = next(args).split("=", 1)
            images[source] = target
        else:
            inputs.append(arg)
    docs = [d for path in inputs for d in yaml.safe_load_all(open(path)) if d]
    services = [d for d in docs if d["kind"] == "Service"]
    workloads, jobs, probes, report = [], {}, [], []

    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind == "ConfigMap":
            workloads.append(doc)
            report.append(f"ConfigMap/{name}: played (envFrom)")
        elif kind == "Secret":
            data = doc.get("data", {})
            with open(f"{out}/secret-{name}.json", "w") as f:
                json.dump(data, f)
            report.append(f"Secret/{name}: played as podman secret {name} (secretKeyRef)")
        elif kind in ("Deployment", "StatefulSet"):
            template = doc["spec"]["template"]
            pod_name = service_for(template["metadata"].get("labels", {}), services) or name
            claims = []
            if kind == "StatefulSet":
                for claim in doc["spec"].get("volumeClaimTemplates", []):
                    claim_name = f"{claim['metadata']['name']}-{name}-0"
                    claims.append((claim["metadata"]["name"], claim_name))
                    workloads.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                      "metadata": {"name": claim_name}, "spec": claim["spec"]})
            workloads.append(pod(pod_name, template, claims, images, "Always"))
            probes.extend(readiness(pod_name, template))
            report.append(f"{kind}/{name}: played as Pod {pod_name}"
                          + (f" with claim {', '.join(c for _, c in claims)}" if claims else ""))
        elif kind == "Job":
            jobs[name] = pod(name, doc["spec"]["template"], [], images, "Never")
            report.append(f"Job/{name}: played as Pod {name} (runs once)")
        elif kind == "CronJob":
            jobs[name] = pod(name, doc["spec"]["jobTemplate"]["spec"]["template"], [], images, "Never")
            report.append(f"CronJob/{name}: its job template played as Pod {name} (runs once, as a triggered run)")
        else:
            report.append(f"{kind}/{name}: not played: {NOT_PLAYED.get(kind, 'unknown to podman kube play')}")

    with open(f"{out}/workloads.yaml", "w") as f:
        yaml.safe_dump_all(workloads, f, sort_keys=False)
    for name, job in jobs.items():
        with open(f"{out}/job-{name}.yaml", "w") as f:
            yaml.safe_dump(job, f, sort_keys=False)
    with open(f"{out}/probes.tsv", "w") as f:
        f.writelines("\t".join(p) + "\n" for p in probes)
    with open(f"{out}/report.txt", "w") as f:
        f.writelines(line + "\n" for line in report)


def service_for(labels, services):
    """The name of the Service whose selector matches the pod labels, if one does."""
    for service in services:
        selector = service["spec"].get("selector") or {}
        if selector and all(labels.get(k) == v for k, v in selector.items()):
            return service["metadata"]["name"]
    return None


def pod(name, template, claims, images, restart_policy):
    spec = json.loads(json.dumps(template["spec"]))
    spec["restartPolicy"] = restart_policy
    for container in spec.get("initContainers", []) + spec["containers"]:
        container["image"] = images.get(container["image"], container["image"])
        unpublished(container)
    for volume in spec.get("volumes", []):
        if "emptyDir" in volume:
            rename(spec, volume["name"], f"{name}-{volume['name']}")
            volume["name"] = f"{name}-{volume['name']}"
    for template_name, claim_name in claims:
        spec.setdefault("volumes", []).append({"name": template_name,
                                               "persistentVolumeClaim": {"claimName": claim_name}})
    metadata = {"name": name, "labels": template["metadata"].get("labels", {})}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec}


def unpublished(container):
    """Drops the container's ports, which podman 4.3 would publish on the host, naming its probes' ports by number."""
    by_name = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        for action in ("httpGet", "tcpSocket"):
            target = container.get(probe, {}).get(action)
            if target and isinstance(target.get("port"), str):
                target["port"] = by_name[target["port"]]
    container.pop("ports", None)


def rename(spec, old, new):
    for container in spec.get("initContainers", []) + spec["containers"]:
        for mount in container.get("volumeMounts", []):
            if mount["name"] == old:
                mount["name"] = new


def readiness(pod_name, template):
    rows = []
    for container in template["spec"]["containers"]:
        probe = container.get("readinessProbe")
        if not probe:
            continue
        if "httpGet" in probe:
            port = probe["httpGet"]["port"]
            if isinstance(port, str):
                port = next(p["containerPort"] for p in container["ports"] if p.get("name") == port)
            rows.append([pod_name, container["name"], "http", str(port), probe["httpGet"]["path"]])
        elif "exec" in probe:
            rows.append([pod_name, container["name"], "exec", json.dumps(probe["exec"]["command"])])
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
