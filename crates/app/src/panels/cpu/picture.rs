//! The Mandelbrot image the last run computed.

use kernels::mandelbrot::Spec;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The Mandelbrot image the last run computed, drawn on a canvas.
#[component]
pub fn Picture(picture: RwSignal<Option<(Spec, Arc<Vec<u8>>)>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let (Some((spec, px)), Some(el)) = (picture.get(), canvas.get()) else {
            return;
        };
        el.set_width(spec.width);
        el.set_height(spec.height);
        let Ok(Some(ctx)) = el.get_context("2d") else {
            return;
        };
        let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
        // ImageData refuses views of shared memory (all wasm memory is shared
        // in a threaded build), so copy the pixels into a JS-owned array first.
        let arr = js_sys::Uint8ClampedArray::new_with_length(px.len() as u32);
        arr.copy_from(&px);
        if let Ok(img) =
            web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&arr, spec.width, spec.height)
        {
            let _ = ctx.put_image_data(&img, 0.0, 0.0);
        }
    });
    view! {
        <canvas
            id="picture"
            node_ref=canvas
            class:hidden=move || picture.with(Option::is_none)
            aria-label="The Mandelbrot set as computed by the last run"
        ></canvas>
    }
}
