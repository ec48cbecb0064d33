package io.signalbox.store;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A page of items in key order, and the key of the last one when more may follow ({@code next}; null on the last
 * page), which the next page starts after.
 */
public record Page(List<ObjectNode> items, ItemKey next) {

    public Page {
        items = List.copyOf(items);
    }
}
