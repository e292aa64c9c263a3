#!/usr/bin/env python3
"""Writes src/test/resources/schemas/*.yaml from the upstream schemas (see the README there).

Inputs, each a directory of upstream files at the release named in the README:
  --kubernetes   the Kubernetes OpenAPI v3 documents of one minor release, laid out as the API server serves
                 them (api/v1.json, apis/apps/v1.json, ...): kubernetes/kubernetes api/openapi-spec/v3, or
                 kubernetes-sigs/kubectl-validate pkg/openapiclient/builtins/<minor>
  --strimzi      strimzi-kafka-operator packaging/install/cluster-operator (04x-Crd-*.yaml)
  --cnpg         cloudnative-pg config/crd/bases (postgresql.cnpg.io_*.yaml)
  --prometheus-operator   prometheus-operator example/prometheus-operator-crd (monitoring.coreos.com_*.yaml)

What changes on the way, and nothing else (the README lists it too):
  - descriptions, examples, defaults, formats and the x-kubernetes-* annotations are dropped (documentation,
    or checked by the API server beyond JSON Schema: CEL rules, list-map keys);
  - an object with `properties` is closed (additionalProperties: false) unless it preserves unknown fields:
    the API server rejects unknown fields (kubectl's strict field validation) for built-in kinds and prunes
    them for structural CRD schemas;
  - x-kubernetes-int-or-string becomes anyOf integer/string, nullable a "null" type;
  - a custom resource's `metadata` is the Kubernetes ObjectMeta (the API server validates it as such);
  - each kind gets an entry $defs/<Kind> that pins apiVersion and kind;
  - Kubernetes: only the definitions the listed kinds reach are kept; the OpenAPI carries no enums (they are
    enforced by the API server's Go validation), so the enums of KUBERNETES_ENUMS are added, each from the
    API types' constants.
"""
import argparse
import json
import os
import sys

import yaml

KUBERNETES_KINDS = [
    # (document under --kubernetes, definition, apiVersion, kind)
    ("api/v1.json", "io.k8s.api.core.v1.Namespace", "v1", "Namespace"),
    ("api/v1.json", "io.k8s.api.core.v1.ServiceAccount", "v1", "ServiceAccount"),
    ("api/v1.json", "io.k8s.api.core.v1.ConfigMap", "v1", "ConfigMap"),
    ("api/v1.json", "io.k8s.api.core.v1.Secret", "v1", "Secret"),
    ("api/v1.json", "io.k8s.api.core.v1.Service", "v1", "Service"),
    ("apis/apps/v1.json", "io.k8s.api.apps.v1.Deployment", "apps/v1", "Deployment"),
    ("apis/networking.k8s.io/v1.json", "io.k8s.api.networking.v1.Ingress", "networking.k8s.io/v1", "Ingress"),
    ("apis/networking.k8s.io/v1.json", "io.k8s.api.networking.v1.NetworkPolicy", "networking.k8s.io/v1", "NetworkPolicy"),
    ("apis/policy/v1.json", "io.k8s.api.policy.v1.PodDisruptionBudget", "policy/v1", "PodDisruptionBudget"),
    ("apis/autoscaling/v2.json", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", "autoscaling/v2",
     "HorizontalPodAutoscaler"),
]

# Enums the API server enforces that its OpenAPI only describes in words (k8s.io/api constants).
KUBERNETES_ENUMS = {
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ["Always", "Never", "IfNotPresent"],
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.ServicePort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.ServiceSpec", "type"): ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity"): ["ClientIP", "None"],
    ("io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ["Always", "OnFailure", "Never"],
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy"): ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    ("io.k8s.api.core.v1.SeccompProfile", "type"): ["Localhost", "RuntimeDefault", "Unconfined"],
    ("io.k8s.api.core.v1.HTTPGetAction", "scheme"): ["HTTP", "HTTPS"],
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"): ["Exact", "Prefix", "ImplementationSpecific"],
    ("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator"): ["In", "NotIn", "Exists", "DoesNotExist"],
    ("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy"): ["IfHealthyBudget", "AlwaysAllow"],
    ("io.k8s.api.autoscaling.v2.MetricSpec", "type"): ["ContainerResource", "External", "Object", "Pods", "Resource"],
    ("io.k8s.api.autoscaling.v2.MetricTarget", "type"): ["AverageValue", "Utilization", "Value"],
}
# policyTypes is a list: the enum applies to its items.
KUBERNETES_ITEM_ENUMS = {
    ("io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes"): ["Ingress", "Egress"],
}

OBJECT_META = "kubernetes.yaml#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

CRDS = {
    "strimzi.yaml": ("strimzi", [
        ("040-Crd-kafka.yaml", "v1"), ("045-Crd-kafkanodepool.yaml", "v1"),
        ("043-Crd-kafkatopic.yaml", "v1"), ("044-Crd-kafkauser.yaml", "v1")]),
    "cloudnative-pg.yaml": ("cnpg", [
        ("postgresql.cnpg.io_clusters.yaml", "v1"), ("postgresql.cnpg.io_scheduledbackups.yaml", "v1")]),
    "prometheus-operator.yaml": ("prometheus_operator", [
        ("monitoring.coreos.com_servicemonitors.yaml", "v1"), ("monitoring.coreos.com_podmonitors.yaml", "v1"),
        ("monitoring.coreos.com_prometheusrules.yaml", "v1")]),
}

DROPPED = {"description", "example", "default", "format", "nullable", "readOnly", "externalDocs"}


def convert(node, ref_prefix):
    """An OpenAPI v3 / structural CRD schema as JSON Schema 2020-12 (see the module docstring)."""
    if isinstance(node, list):
        return [convert(item, ref_prefix) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-kubernetes-"):
            continue
        if key == "$ref":
            out[key] = ref_prefix + value.split("/")[-1]
        elif key in ("properties", "patternProperties"):
            out[key] = {name: convert(schema, ref_prefix) for name, schema in value.items()}
        elif key in ("enum", "required", "const"):
            out[key] = value
        else:
            out[key] = convert(value, ref_prefix)
    if node.get("x-kubernetes-int-or-string") is True and "anyOf" not in out and "oneOf" not in out:
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if ("properties" in out and "additionalProperties" not in out
            and node.get("x-kubernetes-preserve-unknown-fields") is not True):
        out["additionalProperties"] = False
    return out


def refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value.split("/")[-1])
            else:
                refs(value, found)
    elif isinstance(node, list):
        for item in node:
            refs(item, found)


def kind_entry(definition, api_version, kind):
    return {
        "allOf": [{"$ref": definition}],
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {"apiVersion": {"const": api_version}, "kind": {"const": kind}},
    }


def kubernetes(directory, version):
    components = {}
    for document in sorted({k[0] for k in KUBERNETES_KINDS}):
        with open(os.path.join(directory, document)) as f:
            components.update(json.load(f)["components"]["schemas"])
    keep, todo = set(), [k[1] for k in KUBERNETES_KINDS]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(components[name], found)
        todo.extend(found - keep)
    defs = {}
    for _, definition, api_version, kind in KUBERNETES_KINDS:
        defs[kind] = kind_entry("#/$defs/" + definition, api_version, kind)
    for name in sorted(keep):
        defs[name] = convert(components[name], "#/$defs/")
    for (definition, prop), values in KUBERNETES_ENUMS.items():
        defs[definition]["properties"][prop]["enum"] = values
    for (definition, prop), values in KUBERNETES_ITEM_ENUMS.items():
        defs[definition]["properties"][prop]["items"]["enum"] = values
    return header("Kubernetes " + version + " OpenAPI v3", defs)


def crds(directory, files, version):
    defs = {}
    for file, served in files:
        with open(os.path.join(directory, file)) as f:
            crd = yaml.safe_load(f)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        schema = next(v for v in crd["spec"]["versions"] if v["name"] == served)["schema"]["openAPIV3Schema"]
        converted = convert(schema, "#/$defs/")
        converted["properties"]["metadata"] = {"$ref": OBJECT_META}
        defs[kind] = kind_entry("#/$defs/" + group + "." + served + "." + kind, group + "/" + served, kind)
        defs[group + "." + served + "." + kind] = converted
    return header(version + " CRDs", defs)


def header(source, defs):
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": "Generated by deploy/kubernetes/tools/extract-schemas.py from the " + source
                        + " (README.md here); do not edit by hand.",
            "$defs": defs}


def write(path, schema):
    with open(path, "w") as f:
        yaml.safe_dump(schema, f, sort_keys=False, width=120, default_flow_style=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="src/test/resources/schemas")
    for source in ("kubernetes", "strimzi", "cnpg", "prometheus-operator"):
        parser.add_argument("--" + source, nargs=2, metavar=("DIR", "VERSION"))
    args = parser.parse_args()
    if args.kubernetes:
        write(os.path.join(args.out, "kubernetes.yaml"), kubernetes(*args.kubernetes))
    for out, (source, files) in CRDS.items():
        given = getattr(args, source)
        if given:
            write(os.path.join(args.out, out), crds(given[0], files, given[1]))


if __name__ == "__main__":
    sys.exit(main())
