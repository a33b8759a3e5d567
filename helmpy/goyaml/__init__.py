"""YAML read and written exactly as Helm's Go libraries do (sigs.k8s.io/yaml over yaml.v2)."""
