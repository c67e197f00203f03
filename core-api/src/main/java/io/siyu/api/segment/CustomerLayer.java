package io.siyu.api.segment;

/** The seeds' three customer layers, from highest value to lowest; assigned by the {@link RfmRule}. */
public enum CustomerLayer {
    CORE,
    LOYAL,
    ORDINARY
}
