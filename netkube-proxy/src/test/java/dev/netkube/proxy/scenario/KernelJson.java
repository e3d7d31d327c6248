package dev.netkube.proxy.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code nft -j} output made stable for a golden file: no handles, no version banner, indented. */
public final class KernelJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KernelJson() {}

    public static String normalize(String json) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode item : root.get("nftables")) {
                if (item.has("metainfo")) {
                    continue;
                }
                item.forEach(obj -> ((ObjectNode) obj).remove("handle"));
                kept.add(item);
            }
            root.set("nftables", kept);
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
