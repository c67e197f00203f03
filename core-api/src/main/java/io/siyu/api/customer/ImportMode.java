package io.siyu.api.customer;

/** What an import does with a row whose identity already belongs to a customer. */
public enum ImportMode {
    /** Every row makes a new customer; a row naming an identity someone holds is a conflict, not written. */
    CREATE,
    /**
     * A row whose identities belong to one existing customer updates that customer: its display
     * name, the attributes the row gives, and the row's identities and tags are added (nothing is
     * removed). Identities held by two different customers are a conflict (merge them first).
     */
    UPSERT
}
