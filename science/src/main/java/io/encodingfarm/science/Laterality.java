package io.encodingfarm.science;

/** Mean score per hemisphere and their difference; positive means left-dominant. */
public record Laterality(double left, double right, double leftMinusRight, int nLeft, int nRight) {
}
