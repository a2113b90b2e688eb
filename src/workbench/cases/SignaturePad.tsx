import { useEffect, useRef } from 'react'
import { Button, Space } from 'antd'
import { useLang } from '../i18n.tsx'

/**
 * a signature written on the screen with a finger, a stylus or a mouse (pointer
 * events cover all three), handed on as a PNG data URL; undefined while nothing is drawn.
 */
export function SignaturePad({ label, onChange, height = 160 }: { label: string; onChange(png: string | undefined): void; height?: number }) {
  const { t } = useLang()
  const canvas = useRef<HTMLCanvasElement>(null)
  const drawing = useRef(false)
  const drawn = useRef(false)

  useEffect(() => {
    const el = canvas.current
    if (!el) return
    // the backing store follows the CSS size and the screen's pixel density, so strokes stay sharp
    const ratio = window.devicePixelRatio || 1
    el.width = Math.round(el.clientWidth * ratio)
    el.height = Math.round(height * ratio)
    const ctx = el.getContext('2d')!
    ctx.scale(ratio, ratio)
    ctx.lineWidth = 2.5
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = '#000'
  }, [height])

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect()
    return { x: e.clientX - rect.left, y: e.clientY - rect.top }
  }

  const clear = () => {
    const el = canvas.current!
    el.getContext('2d')!.clearRect(0, 0, el.width, el.height)
    drawn.current = false
    onChange(undefined)
  }

  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        data-testid="signature-pad"
        style={{ width: '100%', height, border: '1px dashed #8c8c8c', borderRadius: 4, background: '#fff', touchAction: 'none', cursor: 'crosshair' }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          drawing.current = true
          const ctx = e.currentTarget.getContext('2d')!
          const { x, y } = point(e)
          ctx.beginPath()
          ctx.moveTo(x, y)
          ctx.lineTo(x + 0.1, y + 0.1)
          ctx.stroke()
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return
          const ctx = e.currentTarget.getContext('2d')!
          const { x, y } = point(e)
          ctx.lineTo(x, y)
          ctx.stroke()
          drawn.current = true
        }}
        onPointerUp={(e) => {
          if (!drawing.current) return
          drawing.current = false
          if (drawn.current) onChange(e.currentTarget.toDataURL('image/png'))
        }}
        onPointerCancel={() => (drawing.current = false)}
      />
      <Button size="small" onClick={clear}>
        {t('signClear')}
      </Button>
    </Space>
  )
}

/** A PNG data URL as bytes, for uploading as an attachment. */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
