package vn.sla.server.access;

/** Who a caller is: what they may see follows from the role and the scope units. */
public enum Role {
  /** Everything, every unit. */
  ADMIN,
  /** Provincial leadership: one or several roots and their subtrees. */
  LEADERSHIP,
  /** Office chief: one unit and its subtree. */
  CHIEF,
  /** A wall display: read-only, bound to a scope. */
  DISPLAY
}
