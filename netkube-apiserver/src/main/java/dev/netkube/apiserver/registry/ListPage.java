package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of a list: items at {@code revision}; {@code continueToken} empty on the last page. */
public record ListPage(List<ObjectNode> items, long revision, String continueToken, long remaining) {}
