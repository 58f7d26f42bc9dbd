package io.encodingfarm.reporter;

import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Per-voxel maps on the dataset's mask grid: as NIfTI images (the formats module's writer) and as
 * pictures of three orthogonal views — glass-brain projections (the largest |value| along each axis)
 * or the slices with the most in-mask voxels; grey is outside the mask.
 */
final class BrainMaps {
    private static final int PANEL_PX = 220;
    private static final int MARGIN = 24;
    private static final int COLORBAR_PX = 60;
    private static final Color BACKGROUND = new Color(0xF4, 0xF4, 0xF4);

    /** How a view collapses its third axis. */
    enum View {
        /** The value of largest magnitude along the axis: where a map is strong anywhere. */
        PROJECTION,
        /** The slice with the most in-mask voxels: a map of categories (such as depth) read as is. */
        SLICES
    }

    private final NiftiImage mask;
    private final int[] voxelIndex;
    private final int[] shape;

    /**
     * @param mask       the dataset's mask
     * @param voxelIndex per voxel (dataset order), its flat within-volume index in the mask grid
     */
    BrainMaps(NiftiImage mask, int[] voxelIndex) {
        this.mask = mask;
        this.voxelIndex = voxelIndex.clone();
        this.shape = java.util.Arrays.copyOf(mask.shape(), 3);
    }

    /** The map as a float32 gzip NIfTI on the mask grid; out-of-mask voxels are 0. */
    byte[] nifti(float[] values) {
        float[] volume = new float[shape[0] * shape[1] * shape[2]];
        requireVoxels(values);
        for (int v = 0; v < values.length; v++) volume[voxelIndex[v]] = values[v];
        return Nifti.toBytes(NiftiImage.floats(shape, mask.affine(), volume, 0), true);
    }

    /** Sagittal, coronal and axial views side by side with a color bar, as PNG. */
    byte[] png(float[] values, String title, View view) {
        requireVoxels(values);
        float[] volume = new float[shape[0] * shape[1] * shape[2]];
        boolean[] inside = new boolean[volume.length];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < values.length; v++) {
            volume[voxelIndex[v]] = values[v];
            inside[voxelIndex[v]] = true;
            if (Float.isFinite(values[v])) {
                low = Math.min(low, values[v]);
                high = Math.max(high, values[v]);
            }
        }
        if (!(low <= high)) {
            low = 0;
            high = 1;
        }
        boolean diverging = low < 0 && high > 0;
        double limit = Math.max(Math.abs(low), Math.abs(high));
        double from = diverging ? -limit : low;
        double to = diverging ? limit : high == low ? low + 1 : high;

        // Axes of each panel: (horizontal, vertical, projected). Sagittal: y, z over x; coronal: x, z over y; axial: x, y over z.
        int[][] panels = {{1, 2, 0}, {0, 2, 1}, {0, 1, 2}};
        int scale = Math.max(1, PANEL_PX / Math.max(shape[0], Math.max(shape[1], shape[2])));
        int width = MARGIN;
        for (int[] p : panels) width += shape[p[0]] * scale + MARGIN;
        int panelHeight = 0;
        for (int[] p : panels) panelHeight = Math.max(panelHeight, shape[p[1]] * scale);
        int height = MARGIN * 2 + panelHeight + 20 + COLORBAR_PX;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, MARGIN, MARGIN - 8);

        String[] names = {"sagittal (anterior right)", "coronal (L left)", "axial (L left)"};
        int left = MARGIN;
        for (int p = 0; p < panels.length; p++) {
            int slice = view == View.SLICES ? fullestSlice(inside, panels[p][2]) : -1;
            drawProjection(g, volume, inside, panels[p], slice, left, MARGIN, scale, from, to, diverging);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[p], left, MARGIN + shape[panels[p][1]] * scale + 14);
            left += shape[panels[p][0]] * scale + MARGIN;
        }
        drawColorBar(g, MARGIN, MARGIN + panelHeight + 32, Math.min(320, width - 2 * MARGIN), from, to, diverging);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a brain map as PNG: " + e.getMessage(), e);
        }
    }

    /** The index along {@code axis} of the slice holding the most in-mask voxels. */
    private int fullestSlice(boolean[] inside, int axis) {
        int[] count = new int[shape[axis]];
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    if (inside[mask.index(i, j, k)]) count[axis == 0 ? i : axis == 1 ? j : k]++;
                }
            }
        }
        int best = 0;
        for (int c = 1; c < count.length; c++) if (count[c] > count[best]) best = c;
        return best;
    }

    /** @param slice the index along the third axis to show, or -1 to project over all of them */
    private void drawProjection(Graphics2D g, float[] volume, boolean[] inside, int[] axes, int slice, int left, int top, int scale,
                                double from, double to, boolean diverging) {
        int h = axes[0];
        int v = axes[1];
        int d = axes[2];
        g.setColor(BACKGROUND);
        g.fillRect(left, top, shape[h] * scale, shape[v] * scale);
        int[] ijk = new int[3];
        for (int a = 0; a < shape[h]; a++) {
            for (int b = 0; b < shape[v]; b++) {
                boolean any = false;
                float strongest = 0;
                for (int c = slice < 0 ? 0 : slice; c < (slice < 0 ? shape[d] : slice + 1); c++) {
                    ijk[h] = a;
                    ijk[v] = b;
                    ijk[d] = c;
                    int index = mask.index(ijk[0], ijk[1], ijk[2]);
                    if (!inside[index]) continue;
                    any = true;
                    if (Math.abs(volume[index]) > Math.abs(strongest)) strongest = volume[index];
                }
                if (!any) continue;
                g.setColor(color(strongest, from, to, diverging));
                // Positive world direction points right and up; the affine's sign says which way the grid runs.
                int px = flipped(h) ? shape[h] - 1 - a : a;
                int py = flipped(v) ? b : shape[v] - 1 - b;
                g.fillRect(left + px * scale, top + py * scale, scale, scale);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, shape[h] * scale, shape[v] * scale);
    }

    private boolean flipped(int axis) {
        return mask.affine()[axis][axis] < 0;
    }

    private static void drawColorBar(Graphics2D g, int left, int top, int width, double from, double to, boolean diverging) {
        for (int i = 0; i < width; i++) {
            g.setColor(color(from + (to - from) * i / (width - 1.0), from, to, diverging));
            g.fillRect(left + i, top, 1, 14);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.3g", from), left, top + 30);
        String high = String.format(Locale.ROOT, "%.3g", to);
        g.drawString(high, left + width - g.getFontMetrics().stringWidth(high), top + 30);
    }

    /** Diverging blue–white–red around 0, or a dark-blue → yellow sequential ramp. */
    static Color color(double value, double from, double to, boolean diverging) {
        double t = to > from ? Math.max(0, Math.min(1, (value - from) / (to - from))) : 0.5;
        float[][] ramp = diverging
                ? new float[][]{{0.13f, 0.40f, 0.67f}, {0.97f, 0.97f, 0.97f}, {0.70f, 0.09f, 0.17f}}
                : new float[][]{{0.27f, 0.00f, 0.33f}, {0.13f, 0.57f, 0.55f}, {0.99f, 0.91f, 0.14f}};
        double position = t * (ramp.length - 1);
        int i = Math.min(ramp.length - 2, (int) position);
        double f = position - i;
        float[] rgb = new float[3];
        for (int c = 0; c < 3; c++) rgb[c] = (float) (ramp[i][c] + f * (ramp[i + 1][c] - ramp[i][c]));
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    private void requireVoxels(float[] values) {
        if (values.length != voxelIndex.length) {
            throw new IllegalArgumentException("a map of " + values.length + " voxels cannot be placed on a mask of "
                    + voxelIndex.length + " voxels");
        }
    }
}
