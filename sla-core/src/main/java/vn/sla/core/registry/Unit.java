package vn.sla.core.registry;

import java.io.Serializable;

/** One row of the unit registry (api-and-operations.md). parentId is null for a root. */
public record Unit(String unitId, String name, String parentId, String level)
    implements Serializable {}
