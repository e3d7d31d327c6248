/**
 * CustomResourceDefinition support, pure and I/O-free, following kube-apiserver's
 * apiextensions-apiserver: CRD defaulting ({@link dev.netkube.model.crd.CrdDefaults}), validation
 * ({@link dev.netkube.model.crd.CrdValidation}), write strategy ({@link dev.netkube.model.crd.CrdStrategy}),
 * the status the naming/establishing controllers set ({@link dev.netkube.model.crd.CrdStatus}), the
 * served resources ({@link dev.netkube.model.crd.CrdResources}), and for custom objects pruning,
 * defaulting and structural validation ({@link dev.netkube.model.crd.CustomResourceStrategy}) and
 * server-side tables ({@link dev.netkube.model.crd.CustomResourceTablePrinter}).
 */
package dev.netkube.model.crd;
