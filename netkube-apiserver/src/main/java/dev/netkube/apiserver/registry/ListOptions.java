package dev.netkube.apiserver.registry;

import dev.netkube.model.select.FieldSelector;
import dev.netkube.model.select.LabelSelector;

/** A list's or watch's selection and paging, already parsed. */
public record ListOptions(
    LabelSelector labels, FieldSelector fields, int limit, String continueToken, String resourceVersion) {}
