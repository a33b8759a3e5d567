"""Deprecated Kubernetes APIs, as Helm's lint rule reports them (rules/deprecations.go).

Helm asks the Kubernetes scheme compiled into it whether a kind's API version is deprecated
for the target Kubernetes version (k8s.io/apiserver's deprecation package reading each
type's prerelease-lifecycle markers). The table below holds those markers for every
registered type that has a deprecation version: (apiVersion, kind, deprecated minor,
removed minor or 0, replacement "group/version Kind" or ""). All are Kubernetes 1.x.
Kinds outside the table are either current or unknown to Helm's scheme: neither is reported.
"""
from __future__ import annotations

# Helm v4.2.3 is built against Kubernetes 1.36 libraries: the version checked without --kube-version.
DEFAULT_MAJOR = 1
DEFAULT_MINOR = 36

_LIFECYCLE: tuple[tuple[str, str, int, int, str], ...] = (
    # admissionregistration.k8s.io/v1alpha1
    ('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicy', 35, 38, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicyBinding', 35, 38, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicyBindingList', 35, 38, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicyList', 35, 38, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy', 29, 32, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicyBinding', 29, 32, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicyBindingList', 29, 32, ''),
    ('admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicyList', 29, 32, ''),
    # admissionregistration.k8s.io/v1beta1
    ('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicy', 37, 40, 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy'),
    ('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyBinding', 37, 40, 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding'),
    ('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyBindingList', 37, 40, 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBindingList'),
    ('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyList', 37, 40, 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyList'),
    ('admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 16, 22, 'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration'),
    ('admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfigurationList', 16, 22, 'admissionregistration.k8s.io/v1 MutatingWebhookConfigurationList'),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', 31, 34, ''),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding', 31, 34, ''),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBindingList', 31, 34, ''),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyList', 31, 34, ''),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', 16, 22, 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration'),
    ('admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfigurationList', 16, 22, 'admissionregistration.k8s.io/v1 ValidatingWebhookConfigurationList'),
    # apps/v1beta1
    ('apps/v1beta1', 'ControllerRevision', 8, 16, 'apps/v1 ControllerRevision'),
    ('apps/v1beta1', 'ControllerRevisionList', 8, 16, 'apps/v1 ControllerRevisionList'),
    ('apps/v1beta1', 'Deployment', 8, 16, 'apps/v1 Deployment'),
    ('apps/v1beta1', 'DeploymentList', 8, 16, 'apps/v1 DeploymentList'),
    ('apps/v1beta1', 'DeploymentRollback', 8, 16, 'apps/v1 DeploymentRollback'),
    ('apps/v1beta1', 'Scale', 8, 16, 'autoscaling/v1 Scale'),
    ('apps/v1beta1', 'StatefulSet', 8, 16, 'apps/v1 StatefulSet'),
    ('apps/v1beta1', 'StatefulSetList', 8, 16, 'apps/v1 StatefulSetList'),
    # apps/v1beta2
    ('apps/v1beta2', 'ControllerRevision', 9, 16, 'apps/v1 ControllerRevision'),
    ('apps/v1beta2', 'ControllerRevisionList', 9, 16, 'apps/v1 ControllerRevisionList'),
    ('apps/v1beta2', 'DaemonSet', 9, 16, 'apps/v1 DaemonSet'),
    ('apps/v1beta2', 'DaemonSetList', 9, 16, 'apps/v1 DaemonSetList'),
    ('apps/v1beta2', 'Deployment', 9, 16, 'apps/v1 Deployment'),
    ('apps/v1beta2', 'DeploymentList', 9, 16, 'apps/v1 DeploymentList'),
    ('apps/v1beta2', 'ReplicaSet', 9, 16, 'apps/v1 ReplicaSet'),
    ('apps/v1beta2', 'ReplicaSetList', 9, 16, 'apps/v1 ReplicaSetList'),
    ('apps/v1beta2', 'Scale', 9, 16, 'autoscaling/v1 Scale'),
    ('apps/v1beta2', 'StatefulSet', 9, 16, 'apps/v1 StatefulSet'),
    ('apps/v1beta2', 'StatefulSetList', 9, 16, 'apps/v1 StatefulSetList'),
    # authentication.k8s.io/v1alpha1
    ('authentication.k8s.io/v1alpha1', 'SelfSubjectReview', 29, 32, ''),
    # authentication.k8s.io/v1beta1
    ('authentication.k8s.io/v1beta1', 'SelfSubjectReview', 30, 33, ''),
    ('authentication.k8s.io/v1beta1', 'TokenReview', 19, 22, 'authentication.k8s.io/v1 TokenReview'),
    # authorization.k8s.io/v1beta1
    ('authorization.k8s.io/v1beta1', 'LocalSubjectAccessReview', 19, 22, 'authorization.k8s.io/v1 LocalSubjectAccessReview'),
    ('authorization.k8s.io/v1beta1', 'SelfSubjectAccessReview', 19, 22, 'authorization.k8s.io/v1 SelfSubjectAccessReview'),
    ('authorization.k8s.io/v1beta1', 'SelfSubjectRulesReview', 19, 22, 'authorization.k8s.io/v1 SelfSubjectRulesReview'),
    ('authorization.k8s.io/v1beta1', 'SubjectAccessReview', 19, 22, 'authorization.k8s.io/v1 SubjectAccessReview'),
    # batch/v1beta1
    ('batch/v1beta1', 'CronJob', 21, 25, 'batch/v1 CronJob'),
    ('batch/v1beta1', 'CronJobList', 21, 25, 'batch/v1 CronJobList'),
    # certificates.k8s.io/v1alpha1
    ('certificates.k8s.io/v1alpha1', 'ClusterTrustBundle', 34, 37, ''),
    ('certificates.k8s.io/v1alpha1', 'ClusterTrustBundleList', 34, 37, ''),
    # certificates.k8s.io/v1beta1
    ('certificates.k8s.io/v1beta1', 'CertificateSigningRequest', 19, 22, 'certificates.k8s.io/v1 CertificateSigningRequest'),
    ('certificates.k8s.io/v1beta1', 'CertificateSigningRequestList', 19, 22, 'certificates.k8s.io/v1 CertificateSigningRequestList'),
    ('certificates.k8s.io/v1beta1', 'ClusterTrustBundle', 37, 40, ''),
    ('certificates.k8s.io/v1beta1', 'ClusterTrustBundleList', 37, 40, ''),
    # coordination.k8s.io/v1alpha2
    ('coordination.k8s.io/v1alpha2', 'LeaseCandidate', 35, 38, ''),
    ('coordination.k8s.io/v1alpha2', 'LeaseCandidateList', 35, 38, ''),
    # coordination.k8s.io/v1beta1
    ('coordination.k8s.io/v1beta1', 'Lease', 19, 22, 'coordination.k8s.io/v1 Lease'),
    ('coordination.k8s.io/v1beta1', 'LeaseCandidate', 36, 39, ''),
    ('coordination.k8s.io/v1beta1', 'LeaseCandidateList', 36, 39, ''),
    ('coordination.k8s.io/v1beta1', 'LeaseList', 19, 22, 'coordination.k8s.io/v1 LeaseList'),
    # discovery.k8s.io/v1beta1
    ('discovery.k8s.io/v1beta1', 'EndpointSlice', 21, 25, 'discovery.k8s.io/v1 EndpointSlice'),
    ('discovery.k8s.io/v1beta1', 'EndpointSliceList', 21, 25, 'discovery.k8s.io/v1 EndpointSlice'),
    # events.k8s.io/v1beta1
    ('events.k8s.io/v1beta1', 'Event', 22, 25, ''),
    ('events.k8s.io/v1beta1', 'EventList', 22, 25, ''),
    # extensions/v1beta1
    ('extensions/v1beta1', 'DaemonSet', 8, 16, 'apps/v1 DaemonSet'),
    ('extensions/v1beta1', 'DaemonSetList', 8, 16, 'apps/v1 DaemonSetList'),
    ('extensions/v1beta1', 'Deployment', 8, 16, 'apps/v1 Deployment'),
    ('extensions/v1beta1', 'DeploymentList', 8, 16, 'apps/v1 DeploymentList'),
    ('extensions/v1beta1', 'DeploymentRollback', 8, 16, ''),
    ('extensions/v1beta1', 'Ingress', 14, 22, 'networking.k8s.io/v1 Ingress'),
    ('extensions/v1beta1', 'IngressList', 14, 22, 'networking.k8s.io/v1 IngressList'),
    ('extensions/v1beta1', 'NetworkPolicy', 9, 16, 'networking.k8s.io/v1 NetworkPolicy'),
    ('extensions/v1beta1', 'NetworkPolicyList', 9, 16, 'networking.k8s.io/v1 NetworkPolicyList'),
    ('extensions/v1beta1', 'ReplicaSet', 8, 16, 'apps/v1 ReplicaSet'),
    ('extensions/v1beta1', 'ReplicaSetList', 8, 16, 'apps/v1 ReplicaSetList'),
    ('extensions/v1beta1', 'Scale', 2, 16, ''),
    # flowcontrol.apiserver.k8s.io/v1beta1
    ('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', 23, 26, 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema'),
    ('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchemaList', 23, 26, 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchemaList'),
    ('flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', 23, 26, 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration'),
    ('flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfigurationList', 23, 26, 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfigurationList'),
    # flowcontrol.apiserver.k8s.io/v1beta2
    ('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema'),
    ('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchemaList', 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchemaList'),
    ('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration'),
    ('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfigurationList', 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfigurationList'),
    # flowcontrol.apiserver.k8s.io/v1beta3
    ('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 29, 32, 'flowcontrol.apiserver.k8s.io/v1 FlowSchema'),
    ('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchemaList', 29, 32, 'flowcontrol.apiserver.k8s.io/v1 FlowSchemaList'),
    ('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 29, 32, 'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration'),
    ('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfigurationList', 29, 32, 'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfigurationList'),
    # networking.k8s.io/v1beta1
    ('networking.k8s.io/v1beta1', 'IPAddress', 34, 37, ''),
    ('networking.k8s.io/v1beta1', 'IPAddressList', 34, 37, ''),
    ('networking.k8s.io/v1beta1', 'Ingress', 19, 22, 'networking.k8s.io/v1 Ingress'),
    ('networking.k8s.io/v1beta1', 'IngressClass', 19, 22, 'networking.k8s.io/v1 IngressClassList'),
    ('networking.k8s.io/v1beta1', 'IngressClassList', 19, 22, 'networking.k8s.io/v1 IngressClassList'),
    ('networking.k8s.io/v1beta1', 'IngressList', 19, 22, 'networking.k8s.io/v1 IngressList'),
    ('networking.k8s.io/v1beta1', 'ServiceCIDR', 34, 37, ''),
    ('networking.k8s.io/v1beta1', 'ServiceCIDRList', 34, 37, ''),
    # node.k8s.io/v1beta1
    ('node.k8s.io/v1beta1', 'RuntimeClass', 22, 25, ''),
    ('node.k8s.io/v1beta1', 'RuntimeClassList', 22, 25, ''),
    # policy/v1beta1
    ('policy/v1beta1', 'Eviction', 22, 25, ''),
    ('policy/v1beta1', 'PodDisruptionBudget', 21, 25, 'policy/v1 PodDisruptionBudget'),
    ('policy/v1beta1', 'PodDisruptionBudgetList', 21, 25, 'policy/v1 PodDisruptionBudgetList'),
    # rbac.authorization.k8s.io/v1beta1
    ('rbac.authorization.k8s.io/v1beta1', 'ClusterRole', 17, 22, 'rbac.authorization.k8s.io/v1 ClusterRole'),
    ('rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', 17, 22, 'rbac.authorization.k8s.io/v1 ClusterRoleBinding'),
    ('rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBindingList', 17, 22, 'rbac.authorization.k8s.io/v1 ClusterRoleBindingList'),
    ('rbac.authorization.k8s.io/v1beta1', 'ClusterRoleList', 17, 22, 'rbac.authorization.k8s.io/v1 ClusterRoleList'),
    ('rbac.authorization.k8s.io/v1beta1', 'Role', 17, 22, 'rbac.authorization.k8s.io/v1 Role'),
    ('rbac.authorization.k8s.io/v1beta1', 'RoleBinding', 17, 22, 'rbac.authorization.k8s.io/v1 RoleBinding'),
    ('rbac.authorization.k8s.io/v1beta1', 'RoleBindingList', 17, 22, 'rbac.authorization.k8s.io/v1 RoleBindingList'),
    ('rbac.authorization.k8s.io/v1beta1', 'RoleList', 17, 22, 'rbac.authorization.k8s.io/v1 RoleList'),
    # resource.k8s.io/v1alpha3
    ('resource.k8s.io/v1alpha3', 'DeviceTaintRule', 36, 39, ''),
    ('resource.k8s.io/v1alpha3', 'DeviceTaintRuleList', 36, 39, ''),
    # resource.k8s.io/v1beta1
    ('resource.k8s.io/v1beta1', 'DeviceClass', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'DeviceClassList', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceClaim', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceClaimList', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceClaimTemplate', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceClaimTemplateList', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceSlice', 35, 38, ''),
    ('resource.k8s.io/v1beta1', 'ResourceSliceList', 35, 38, ''),
    # resource.k8s.io/v1beta2
    ('resource.k8s.io/v1beta2', 'DeviceClass', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'DeviceClassList', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceClaim', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceClaimList', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceClaimTemplate', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceClaimTemplateList', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceSlice', 36, 39, ''),
    ('resource.k8s.io/v1beta2', 'ResourceSliceList', 36, 39, ''),
    # scheduling.k8s.io/v1beta1
    ('scheduling.k8s.io/v1beta1', 'PriorityClass', 14, 22, 'scheduling.k8s.io/v1 PriorityClass'),
    ('scheduling.k8s.io/v1beta1', 'PriorityClassList', 14, 22, 'scheduling.k8s.io/v1 PriorityClassList'),
    # storage.k8s.io/v1alpha1
    ('storage.k8s.io/v1alpha1', 'CSIStorageCapacity', 21, 24, 'storage.k8s.io/v1beta1 CSIStorageCapacity'),
    ('storage.k8s.io/v1alpha1', 'CSIStorageCapacityList', 21, 24, 'storage.k8s.io/v1beta1 CSIStorageCapacityList'),
    ('storage.k8s.io/v1alpha1', 'VolumeAttachment', 21, 24, 'storage.k8s.io/v1 VolumeAttachment'),
    ('storage.k8s.io/v1alpha1', 'VolumeAttachmentList', 21, 24, 'storage.k8s.io/v1 VolumeAttachmentList'),
    ('storage.k8s.io/v1alpha1', 'VolumeAttributesClass', 32, 35, 'storage.k8s.io/v1 VolumeAttributesClass'),
    ('storage.k8s.io/v1alpha1', 'VolumeAttributesClassList', 32, 35, 'storage.k8s.io/v1 VolumeAttributesClassList'),
    # storage.k8s.io/v1beta1
    ('storage.k8s.io/v1beta1', 'CSIDriver', 19, 22, 'storage.k8s.io/v1 CSIDriver'),
    ('storage.k8s.io/v1beta1', 'CSIDriverList', 19, 22, 'storage.k8s.io/v1 CSIDriverList'),
    ('storage.k8s.io/v1beta1', 'CSINode', 17, 22, 'storage.k8s.io/v1 CSINode'),
    ('storage.k8s.io/v1beta1', 'CSINodeList', 17, 22, 'storage.k8s.io/v1 CSINode'),
    ('storage.k8s.io/v1beta1', 'CSIStorageCapacity', 24, 27, 'storage.k8s.io/v1 CSIStorageCapacity'),
    ('storage.k8s.io/v1beta1', 'CSIStorageCapacityList', 24, 27, 'storage.k8s.io/v1 CSIStorageCapacityList'),
    ('storage.k8s.io/v1beta1', 'StorageClass', 19, 22, 'storage.k8s.io/v1 StorageClass'),
    ('storage.k8s.io/v1beta1', 'StorageClassList', 19, 22, 'storage.k8s.io/v1 StorageClassList'),
    ('storage.k8s.io/v1beta1', 'VolumeAttachment', 19, 22, 'storage.k8s.io/v1 VolumeAttachment'),
    ('storage.k8s.io/v1beta1', 'VolumeAttachmentList', 19, 22, 'storage.k8s.io/v1 VolumeAttachmentList'),
    ('storage.k8s.io/v1beta1', 'VolumeAttributesClass', 34, 37, 'storage.k8s.io/v1 VolumeAttributesClass'),
    ('storage.k8s.io/v1beta1', 'VolumeAttributesClassList', 34, 37, 'storage.k8s.io/v1 VolumeAttributesClassList'),
    # v1
    ('v1', 'ComponentStatus', 19, 0, ''),
    ('v1', 'ComponentStatusList', 19, 0, ''),
    ('v1', 'Endpoints', 33, 0, 'discovery.k8s.io/v1 EndpointSlice'),
    ('v1', 'EndpointsList', 33, 0, 'discovery.k8s.io/v1 EndpointSliceList'),
)

DEPRECATIONS: dict[tuple[str, str], tuple[int, int, str]] = {
    (api_version, kind): (deprecated, removed, replacement)
    for api_version, kind, deprecated, removed, replacement in _LIFECYCLE
}


def _at_least(major: int, minor: int, want_minor: int) -> bool:
    return major > 1 or (major == 1 and minor >= want_minor)


def deprecation_message(api_version: str, kind: str, major: int = DEFAULT_MAJOR,
                        minor: int = DEFAULT_MINOR) -> str | None:
    """Helm's warning text when ``api_version``/``kind`` is deprecated at ``major.minor``."""
    entry = DEPRECATIONS.get((api_version, kind))
    if entry is None:
        return None
    deprecated, removed, replacement = entry
    removed_now = removed and _at_least(major, minor, removed)
    if not removed_now and not _at_least(major, minor, deprecated):
        return None
    message = f"{api_version} {kind} is deprecated in v1.{deprecated}+"
    if removed:
        message += f", unavailable in v1.{removed}+"
    if replacement:
        message += f"; use {replacement}"
    return message
